package io.github.cam4j.savedmodel;

import java.util.Map;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * What a SavedModel in cam4j's contract names in its signatures: the {@code cam} signature's input, features, logits
 * and probabilities tensors, and the classifier weights of {@code cam_weights}.
 */
final class ContractSignatures {
    private ContractSignatures() {}

    /** @return the tensors the contract's {@code cam} signature names */
    static TensorNames tensors(SavedModelBundle bundle) throws ModelLoadException {
        Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
        SignatureDef cam = signatures.get(CamContract.CAM_SIGNATURE);
        SignatureDef camWeights = signatures.get(CamContract.WEIGHTS_SIGNATURE);
        if (cam == null || camWeights == null) {
            throw new ModelLoadException("the SavedModel has no '" + CamContract.CAM_SIGNATURE + "' and '"
                    + CamContract.WEIGHTS_SIGNATURE + "' signatures (it has " + signatures.keySet()
                    + "); give the tensor names instead, or import it as a Keras model");
        }
        return new TensorNames(tensor(cam.getInputsMap(), CamContract.INPUT_IMAGES, "cam"),
                tensor(cam.getOutputsMap(), CamContract.OUTPUT_FEATURES, "cam"),
                tensor(cam.getOutputsMap(), CamContract.OUTPUT_LOGITS, "cam"),
                tensor(cam.getOutputsMap(), CamContract.OUTPUT_PROBABILITIES, "cam"));
    }

    /** @return the kernel and bias the contract's {@code cam_weights} signature gives, read once */
    static ClassifierWeights weights(SavedModelBundle bundle) throws ModelLoadException {
        SignatureDef camWeights = bundle.metaGraphDef().getSignatureDefMap().get(CamContract.WEIGHTS_SIGNATURE);
        return ClassifierWeightReader.read(bundle.session(), tensor(camWeights.getOutputsMap(), CamContract.OUTPUT_KERNEL, "cam_weights"),
                tensor(camWeights.getOutputsMap(), CamContract.OUTPUT_BIAS, "cam_weights"));
    }

    private static String tensor(Map<String, TensorInfo> map, String key, String signature) throws ModelLoadException {
        TensorInfo info = map.get(key);
        if (info == null) {
            throw new ModelLoadException("signature '" + signature + "' has no '" + key + "' (it has " + map.keySet() + ")");
        }
        return info.getName();
    }
}

package io.github.cam4j.savedmodel.keras;

import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** Small builders for hand-made graphs, functions and SavedModels in tests. */
final class Protos {
    private Protos() {}

    static NodeDef node(String name, String op, Map<String, AttrValue> attrs, String... inputs) {
        return NodeDef.newBuilder().setName(name).setOp(op).addAllInput(Arrays.asList(inputs)).putAllAttr(attrs)
                .build();
    }

    static AttrValue type(DataType t) {
        return AttrValue.newBuilder().setType(t).build();
    }

    static AttrValue types(DataType... ts) {
        return AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder().addAllType(Arrays.asList(ts)))
                .build();
    }

    static AttrValue i(long v) {
        return AttrValue.newBuilder().setI(v).build();
    }

    static AttrValue func(String name) {
        return AttrValue.newBuilder().setFunc(NameAttrList.newBuilder().setName(name)).build();
    }

    static AttrValue shape(long... dims) {
        return AttrValue.newBuilder().setShape(shapeProto(dims)).build();
    }

    static TensorShapeProto shapeProto(long... dims) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : dims) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return s.build();
    }

    /** A float Const node. */
    static NodeDef floatConst(String name, float[] values, long... dims) {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shapeProto(dims));
        for (float v : values) {
            t.addFloatVal(v);
        }
        return node(name, "Const", Map.of("dtype", type(DataType.DT_FLOAT),
                "value", AttrValue.newBuilder().setTensor(t).build()));
    }

    static NodeDef intConst(String name, int... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                .setTensorShape(values.length == 1 ? shapeProto() : shapeProto(values.length));
        for (int v : values) {
            t.addIntVal(v);
        }
        return node(name, "Const", Map.of("dtype", type(DataType.DT_INT32),
                "value", AttrValue.newBuilder().setTensor(t).build()));
    }

    static NodeDef stringConst(String name, String... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(values.length == 1 ? shapeProto() : shapeProto(values.length));
        for (String v : values) {
            t.addStringVal(ByteString.copyFromUtf8(v));
        }
        return node(name, "Const", Map.of("dtype", type(DataType.DT_STRING),
                "value", AttrValue.newBuilder().setTensor(t).build()));
    }

    static OpDef.ArgDef arg(String name, DataType t) {
        return OpDef.ArgDef.newBuilder().setName(name).setType(t).build();
    }

    /**
     * @param name the function name
     * @param inputs input args
     * @param outputs output args
     * @param ret output arg name to function-form tensor
     * @param body the nodes
     */
    static FunctionDef function(String name, OpDef.ArgDef[] inputs, OpDef.ArgDef[] outputs, Map<String, String> ret,
            NodeDef... body) {
        OpDef sig = OpDef.newBuilder().setName(name).addAllInputArg(Arrays.asList(inputs))
                .addAllOutputArg(Arrays.asList(outputs)).build();
        return FunctionDef.newBuilder().setSignature(sig).putAllRet(ret).addAllNodeDef(Arrays.asList(body)).build();
    }

    static TensorInfo tensorInfo(String name, DataType t, long... dims) {
        return TensorInfo.newBuilder().setName(name).setDtype(t).setTensorShape(shapeProto(dims)).build();
    }

    /** A serve meta graph with one signature {@code serving_default} of one float input and one float output. */
    static MetaGraphDef.Builder metaGraph(GraphDef graph, String input, long[] inputShape, String output,
            long[] outputShape) {
        SignatureDef sig = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict")
                .putInputs("x", tensorInfo(input, DataType.DT_FLOAT, inputShape))
                .putOutputs("y", tensorInfo(output, DataType.DT_FLOAT, outputShape)).build();
        MetaGraphDef.Builder mg = MetaGraphDef.newBuilder().setGraphDef(graph).putSignatureDef("serving_default", sig);
        mg.getMetaInfoDefBuilder().addTags("serve").setTensorflowVersion("hand-made");
        return mg;
    }

    /** Writes {@code dir/saved_model.pb} holding the meta graph. */
    static Path write(Path dir, MetaGraphDef metaGraph) throws IOException {
        SavedModel model = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(metaGraph).build();
        Files.write(dir.resolve("saved_model.pb"), model.toByteArray());
        return dir;
    }
}
